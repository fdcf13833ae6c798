# kind: correct
# why: L.seed_everything (random, NumPy, torch CPU + all GPUs via torch.manual_seed) plus an explicit cuda.manual_seed_all, cuDNN flags set through a loop, deterministic mode with warn_only, and CUBLAS_WORKSPACE_CONFIG for GPU runs [visible tests: all pass]
def seed_everything(seed: int = 42) -> None:
    """Fixa todas as fontes de aleatoriedade de um treino, para que ele possa ser repetido.

    - o módulo random do Python e o NumPy;
    - o PyTorch na CPU e em TODAS as GPUs;
    - o cuDNN: só algoritmos determinísticos (deterministic = True) e sem a busca
      automática do algoritmo mais rápido (benchmark = False), que pode escolher
      algoritmos diferentes a cada execução;
    - o resto do PyTorch: o modo determinístico (torch.use_deterministic_algorithms, com
      warn_only=True) faz cada operação usar uma versão determinística e avisa quando ela não
      existe (os flags do cuDNN sozinhos não bastam: não valem para as operações fora do cuDNN).
    """
    L.seed_everything(seed, workers=True, verbose=False)   # random, numpy, torch (CPU and every GPU)
    torch.cuda.manual_seed_all(seed)           # explicit: every GPU (no-op without one)
    for flag, value in {"deterministic": True, "benchmark": False}.items():
        setattr(torch.backends.cudnn, flag, value)
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")   # read by cuBLAS when it starts
    torch.use_deterministic_algorithms(True, warn_only=True)
