"""The title of a community account entry."""

from ..community import Account


def entry_title(account: Account) -> str:
    """The community's name and the home(s), never the login: the title is shown everywhere."""
    homes = ", ".join(home.name for home in account.homes)
    return f"{account.community.name} - {homes}" if homes else account.community.name
