from doalint.cli import main

main()
