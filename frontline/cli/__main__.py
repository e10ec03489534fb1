"""``python -m frontline.cli``: the same as the ``frontline`` command."""

from frontline.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
