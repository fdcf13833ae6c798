# kind: wrong
# why: Moves only X to self.device and leaves Y on the CPU (invisible when the device is the CPU); violates "mova os dois para self.device".
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    pairs = [self.transform(it) for it in self.items[idx: idx + self.batch_size]]
    X = torch.stack([p[0] for p in pairs]).to(self.device)
    Y = torch.stack([p[1] for p in pairs])  # rótulos são pequenos, ficam onde estão
    return self.batch_tfms((X, Y))


SimpleDataLoader.get_batch_at = get_batch_at
