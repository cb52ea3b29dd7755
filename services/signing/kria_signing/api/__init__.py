"""The signing service's HTTP routers, one per resource."""
