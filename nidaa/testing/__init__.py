"""The test harness every part of Nidaa uses: named people, a real SMTP server, a real browser
with nothing but the site reachable, an accessibility check and an HTML auditor.

Fixtures that wrap these live in the repository's root ``conftest.py``.
"""
