"""Bearer-token authentication and role-based authorisation for every HTTP endpoint."""

from kria_shared.auth.principal import Principal, Role
from kria_shared.auth.routes import PUBLIC_PATHS, AuthConfig, require, set_auth

__all__ = ["PUBLIC_PATHS", "AuthConfig", "Principal", "Role", "require", "set_auth"]
