from txredisd.cli.server import main

main()
