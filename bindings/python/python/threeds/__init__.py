"""threeds: an EMV 3-D Secure 2.x SDK client, a drop-in for ``ipworks3ds.Client``.

    from threeds import Client   # was: from ipworks3ds import Client
"""

from ._client import Client
from ._native import (
    ClientDataPacketInEventParams,
    ClientDataPacketOutEventParams,
    ClientErrorEventParams,
    ClientLogEventParams,
    ClientSSLServerAuthenticationEventParams,
    ClientSSLStatusEventParams,
    ThreeDSError,
    __version__,
    crypto_providers,
)

__all__ = [
    "Client",
    "ClientDataPacketInEventParams",
    "ClientDataPacketOutEventParams",
    "ClientErrorEventParams",
    "ClientLogEventParams",
    "ClientSSLServerAuthenticationEventParams",
    "ClientSSLStatusEventParams",
    "ThreeDSError",
    "__version__",
    "crypto_providers",
]
