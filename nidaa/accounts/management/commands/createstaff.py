"""Create a staff account in one role; its owner sets up a second factor at first sign-in."""

import getpass
import secrets
import sys
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from nidaa.accounts.audit import record
from nidaa.accounts.models import AuditEntry
from nidaa.accounts.roles import ROLES, assign_role


class Command(BaseCommand):
    help = (
        "Create a staff user with a role. Asks for a password, or with --generate-password "
        "(or without a terminal) makes one and prints it once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=list(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--generate-password",
            action="store_true",
            help="Make a random password instead of asking for one.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        username = options["username"]
        if User._default_manager.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} exists already.")
        user = User(username=username, email=options["email"])
        generated = options["generate_password"] or not self._interactive()
        password = secrets.token_urlsafe(18) if generated else self._ask_password(user)
        with transaction.atomic():
            user.set_password(password)
            user.save()
            assign_role(user, options["role"])
            record(None, AuditEntry.Action.CREATE, user, after={"role": options["role"]})
            record(None, AuditEntry.Action.ROLE_CHANGE, user, {"roles": []},
                   {"roles": [options["role"]]})  # fmt: skip
        self.stdout.write(f"Created staff user {username!r} with the role {options['role']!r}.")
        if generated:
            self.stdout.write(f"Password (shown only now, pass it on safely): {password}")
        self.stdout.write(
            "At their first sign-in they will set up a second factor (an authenticator app) "
            "and receive recovery codes."
        )

    def _interactive(self) -> bool:
        return sys.stdin.isatty()

    def _ask_password(self, user: Any) -> str:
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ. Try again.")
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
