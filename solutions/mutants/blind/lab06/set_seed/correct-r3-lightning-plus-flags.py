# kind: correct
# why: Uses L.seed_everything (which the text allows) for random/NumPy/torch, then manual_seed_all, both cuDNN flags and use_deterministic_algorithms(warn_only=True); meets every bullet.
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
    L.seed_everything(seed, workers=True)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    torch.use_deterministic_algorithms(True, warn_only=True)
