"""
Client-side pieces shared by txredis-cli and txredis-benchmark: where and how
to connect (L{txredisd.client.endpoint}).
"""
