"""``doalint lsp``: doalint as a language server (LSP over standard input and output).

Needs the ``lsp`` extra (pygls and lsprotocol): ``pip install 'doalint[lsp]'``. Nothing here is
imported by ``doalint check``.
"""

from __future__ import annotations


def available() -> bool:
    """The extra is installed (pygls and lsprotocol import)."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> int:
    """Serve one client over standard input and output until it says exit (or goes); the exit code:
    0 after shutdown and exit, 1 for an exit without shutdown."""
    from doalint.lsp.server import serve

    return serve()
