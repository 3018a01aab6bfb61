"""Which BLAS this torch process runs on, and with how many threads: bench/ records it beside every torch figure.

Debian's torch links the generic libblas.so.3, which update-alternatives points at a BLAS; the library
actually mapped into the process (/proc/self/maps) is the proof. OpenBLAS keeps its own thread pool, which
torch.set_num_threads does not reach, so the bench also sets OPENBLAS_NUM_THREADS; openblas_get_num_threads
reports what OpenBLAS will use.
"""
import ctypes
import torch


def blas_info():
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))  # make sure the BLAS is loaded
    libs = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ''
            if ('blas' in path or 'lapack' in path) and path.endswith(tuple('0123456789')):
                libs.add(path)
    info = {'libraries': sorted(libs), 'torchThreads': torch.get_num_threads()}
    for path in sorted(libs):
        if 'openblas' in path:
            lib = ctypes.CDLL(path)
            if hasattr(lib, 'openblas_get_num_threads'):
                info['openblasThreads'] = lib.openblas_get_num_threads()
                lib.openblas_get_config.restype = ctypes.c_char_p
                info['openblasConfig'] = lib.openblas_get_config().decode()
                break
    info['blas'] = 'openblas' if any('openblas' in p for p in libs) else ('other: ' + ', '.join(sorted(libs)))
    return info
