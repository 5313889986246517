"""Pure domain logic: the interview order, the diagnosis, amounts, reminder times, changes."""
