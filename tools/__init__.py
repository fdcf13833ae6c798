"""Instructor tooling: building notebooks, filling submissions, autograding."""
