"""`python -m revops_cli` runs the same CLI as the `revops` script."""

from revops_cli.cli.app import main

if __name__ == "__main__":
    main()
