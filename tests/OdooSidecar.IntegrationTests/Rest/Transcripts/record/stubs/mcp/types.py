class ToolAnnotations:
    def __init__(self, **k): self.__dict__.update(k)
class ErrorData:
    def __init__(self, **k): self.__dict__.update(k)
