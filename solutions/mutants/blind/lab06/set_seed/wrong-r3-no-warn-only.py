# kind: wrong
# why: Enables torch.use_deterministic_algorithms(True) without warn_only, so GPU ops lacking a deterministic version raise instead of warn; violates "(torch.use_deterministic_algorithms, com warn_only=True) ... avisa quando ela não existe".
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
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    torch.use_deterministic_algorithms(True)
