import os

import setuptools


def _requirements():
    """install_requires from requirements.txt (one place to keep them)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        'requirements.txt')
    with open(path) as f:
        return [line.split('#', 1)[0].strip() for line in f
                if line.split('#', 1)[0].strip()]


setuptools.setup(install_requires=_requirements())
