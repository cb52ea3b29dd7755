"""Use cases: one transaction each (lock the course, check, change, emit), metrics counted after commit."""
