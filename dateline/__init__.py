"""Dateline: a news publishing platform on Django and Wagtail."""
