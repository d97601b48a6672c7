"""The commands; each module adds its commands to the app with ``register``.

:mod:`neuroncli.commands.options` contains the options that the data commands share.
"""
