"""Shared by the PyTorch comparisons: pin numpy's BLAS and torch to the same thread count and print what
each will really run on, since OpenBLAS kernels and thread counts change the figures most."""
import os


def pin_threads_and_describe(threads: int) -> None:
    import numpy as np
    import torch
    from threadpoolctl import threadpool_info, threadpool_limits

    threadpool_limits(threads)
    torch.set_num_threads(threads)
    blas = [f"{i['internal_api']} {i.get('version')} {i.get('architecture', '')} threads={i['num_threads']}"
            for i in threadpool_info() if i["user_api"] == "blas"]
    print(f"numpy {np.__version__} BLAS: {'; '.join(blas)}")
    print(f"torch {torch.__version__} threads={torch.get_num_threads()}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')} "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE')}")
