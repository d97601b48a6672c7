"""English and Korean text of the explain command(s); merged into neuroncli.messages.MESSAGES."""

MESSAGES: dict[str, dict[str, str]] = {}
