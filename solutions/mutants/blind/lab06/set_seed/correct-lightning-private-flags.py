# kind: correct
# why: question forbids nothing; uses Lightning's seed_everything and its private Trainer helper _set_torch_flags(deterministic='warn') for benchmark/deterministic mode, plus cudnn.deterministic [visible tests: all pass] (relabelled: the question states no rule against it, so by its contract it is a right answer)
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
    from lightning.fabric.utilities.seed import seed_everything as _seed
    from lightning.pytorch.trainer.connectors.accelerator_connector import _set_torch_flags as _flags
    _seed(seed, verbose=False)
    _flags(deterministic="warn", benchmark=False)
    torch.backends.cudnn.deterministic = True
