"""The certificates service's printable documents (issue 16): the four MSE documents per child."""
