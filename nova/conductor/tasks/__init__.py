"""The long task flows of conductor, one module per flow.

``base.TaskContext`` carries the clients every flow uses (scheduler,
compute, placement); each flow module exposes plain functions taking it.
"""
