"""month"""
