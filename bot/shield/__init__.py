"""The scam shield: scam offers recognised in free text, and the scam model's training set."""
