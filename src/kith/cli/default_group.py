"""Command groups with a default command, as ``llm`` and ``sqlite-utils`` have them: ``kith ask TEXT``
runs ``ask``'s default command, while ``kith ask edit 3`` and ``kith ask delete 3`` name another. Any
first argument that is not one of the group's command names (a request's words, a number, an option)
goes to the default command."""

from __future__ import annotations

from typer.core import TyperGroup


class DefaultGroup(TyperGroup):
    """A group that runs ``default_command`` when the arguments do not start with a command name."""

    #: the name of the command that runs when no other is named
    default_command = ""
    #: options meant for the default command pass through the group's own parsing
    ignore_unknown_options = True

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands:
            args = [self.default_command, *args]
        return super().resolve_command(ctx, args)


def default_group(command: str) -> type[DefaultGroup]:
    """A ``DefaultGroup`` class whose default is ``command`` (Typer takes a class, not an instance)."""
    return type(f"DefaultGroup_{command}", (DefaultGroup,), {"default_command": command})
