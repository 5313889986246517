"""The channels: each only translates between its platform and the core (`bot.core`)."""
