"""`symle serve`: the derivation, the fit, the checker and the worksheet on a local web page (Starlette and
uvicorn: pip install 'symle[serve]'). It binds 127.0.0.1 unless told otherwise, and says so when it is not."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from symle.errors import NotSupported

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_serve_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = commands.add_parser("serve", help="the derivation, fit, checker and worksheet on a local web page")
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"the address to bind (default {DEFAULT_HOST}: this machine only)"
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})")
    serve.add_argument(
        "--workers", type=int, default=None, help="worker processes for symbolic work (default: the cores)"
    )


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted; a warning line on stderr when the address is reachable from elsewhere."""
    try:
        import uvicorn

        from symle.serve.app import create_app
        from symle.serve.workers import Pool
    except ImportError as exc:
        raise NotSupported(
            f"symle serve needs its extras: pip install 'symle[serve]' ({exc.name} is missing)"
        ) from None
    if not 0 < args.port < 65536:
        raise NotSupported("--port must be between 1 and 65535")
    if args.workers is not None and not 0 < args.workers <= 64:
        raise NotSupported("--workers must be between 1 and 64")
    if not loopback(args.host):
        sys.stderr.write(
            f"symle serve: warning: bound to {args.host}, reachable from other machines; "
            "every page runs symbolic work for whoever asks\n"
        )
    sys.stderr.write(f"symle serve: http://{args.host}:{args.port}/ (Ctrl-C stops it)\n")
    uvicorn.run(
        create_app(Pool(args.workers)),
        host=args.host,
        port=args.port,
        log_level="warning",
        h11_max_incomplete_event_size=64 << 10,
    )
    return 0
