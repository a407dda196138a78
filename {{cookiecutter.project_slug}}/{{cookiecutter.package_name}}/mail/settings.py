"""Where mail goes out, as whom, and where the links in it point."""

from typing import Annotated

from pydantic import Field

from ..core.settings import Positive, Settings

Port = Annotated[Positive, Field(le=65535)]


class MailSettings(Settings):
    """MAIL_* and PUBLIC_URL."""

    # Empty: development prints each mail to the console instead of sending it.
    mail_server: str = ""
    mail_port: Port = 25
    mail_use_tls: bool = False
    mail_use_ssl: bool = False
    mail_username: str = ""
    mail_password: str = ""
    mail_default_sender: str = ""
    # Seconds to wait for the mail server.
    mail_timeout: Positive = 10
    # Where the front end whose pages the links in mails open is served.
    public_url: str = ""
