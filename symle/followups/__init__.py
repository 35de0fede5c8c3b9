"""followups"""
