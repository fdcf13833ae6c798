# kind: shortcut
# why: runs torch.utils.data.default_collate inside a concurrent.futures thread so the profile hook on the calling thread does not see it
from concurrent.futures import ThreadPoolExecutor as _Pool

import torch.utils.data as _tud

_dc = _tud.default_collate

def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    # SEU CÓDIGO AQUI
    pairs = [self.transform(item) for item in self.items[idx: idx + self.batch_size]]
    with _Pool(1) as pool:
        X, Y = pool.submit(_dc, pairs).result()
    return self.batch_tfms((X.to(self.device), Y.to(self.device)))


SimpleDataLoader.get_batch_at = get_batch_at
