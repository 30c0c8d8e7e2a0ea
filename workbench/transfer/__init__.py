"""What moves whole records in and out: CSV, ClaimReview, the JSON backup, bulk loads, the demo, SQLite copies."""
