"""The synchronous heart of txredisd: no Twisted, no sockets, no clocks of its own."""
