"""Two-factor sign-in for staff (django-otp): an authenticator app (TOTP) plus single-use
backup codes.

A password alone no longer opens the admin for a user who has enrolled: Wagtail's login view
signs them in, and `AdminTwoFactorMiddleware` holds every admin page until the session has
been verified with a code (`views.verify`). Members of the groups in
`DATELINE_2FA_REQUIRED_GROUPS` (and superusers, when any group is required) who have no device
yet are sent to enrolment instead. Wrong codes are failed logins for django-axes, so the
same lock-out covers passwords and codes.
"""
