"""hsconas thin worker: joins an hsconas search and measures models the coordinator ships."""

__version__ = "0.2.0"

#: What a thin worker announces in `hello.capabilities`: it takes shipped weightless ONNX models.
CAPABILITY = "onnx-model/1"
