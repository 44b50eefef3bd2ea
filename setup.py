from setuptools import find_packages, setup

setup(
    name="txredisd",
    version="0.1.0",
    description="A Redis-compatible server on Twisted, with TLS on every link",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.11",
    # twisted/plugins has no __init__.py on purpose (it extends Twisted's own
    # plugin package), so find_packages() cannot see it: list it by hand.
    packages=find_packages(include=["txredisd", "txredisd.*"]) + ["twisted.plugins"],
    install_requires=[
        "Twisted>=24.7",
        "pyOpenSSL>=25.2",
        "service-identity>=24.1",
        "cryptography>=42",
        "hiredis>=2.3",
        "sortedcontainers>=2.4",
        "setproctitle>=1.3",
        "hdrhistogram>=0.10",
        "lupa>=2.8",
        "prompt-toolkit>=3.0",
    ],
    extras_require={
        "test": [
            "pytest>=8",
            "hypothesis>=6.100",
            "redis>=5.0",
            "txredisapi>=1.6",
        ],
    },
    entry_points={
        "console_scripts": [
            "txredisd = txredisd.cli.server:main",
            "txredisd-gen-certs = txredisd.cli.gen_certs:main",
            "txredisd-check-rdb = txredisd.cli.check_rdb:main",
            "txredis-benchmark = txredisd.tools.benchmark:main",
            "txredis-cli = txredisd.tools.cli:main",
        ],
    },
    classifiers=[
        "Framework :: Twisted",
        "Programming Language :: Python :: 3",
        "Topic :: Database :: Database Engines/Servers",
    ],
)
