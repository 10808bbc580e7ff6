"""Errors a use case raises to refuse something; the message is for the desk, in Indonesian."""


class LoketError(Exception):
    """A refusal with a message that says what happened and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(LoketError):
    """The staff member's role does not allow this."""


class NotFound(LoketError):
    pass
