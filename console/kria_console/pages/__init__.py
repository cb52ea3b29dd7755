"""The pages of each role: the MSE bureau, the federal bureau, the Social Fund office."""
