"""Commands besides eval; each module adds its commands to the app with ``register``."""
