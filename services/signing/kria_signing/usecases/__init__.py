"""The signing service's capabilities; each opens its own unit of work, asks domain/, persists, emits."""
