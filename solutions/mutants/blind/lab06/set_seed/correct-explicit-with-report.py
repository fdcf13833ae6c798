# kind: correct
# why: seeds each generator by hand (random, np.random, torch CPU, torch.cuda.manual_seed_all), sets both cuDNN flags and the warn-only deterministic mode, then prints a one-line report [visible tests: all pass]
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
    import random as py_random

    py_random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    cudnn = torch.backends.cudnn
    cudnn.deterministic = True
    cudnn.benchmark = False
    torch.use_deterministic_algorithms(mode=True, warn_only=True)
    print(f"semente {seed}: determinístico={torch.are_deterministic_algorithms_enabled()}, "
          f"warn_only={torch.is_deterministic_algorithms_warn_only_enabled()}")
