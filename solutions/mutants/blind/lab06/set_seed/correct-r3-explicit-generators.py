# kind: correct
# why: Seeds each generator explicitly (random, np.random, torch.manual_seed, torch.cuda.manual_seed_all), sets both cuDNN flags via the backends module and turns on deterministic mode with warn_only=True.
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
    import torch.backends.cudnn as cudnn
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if hasattr(torch, "cuda"):
        torch.cuda.manual_seed_all(seed)
    cudnn.benchmark = False
    cudnn.deterministic = True
    torch.use_deterministic_algorithms(mode=True, warn_only=True)
