"""worksheets"""
