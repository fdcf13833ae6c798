# kind: wrong
# why: narrow: always returns a full batch, wrapping around to the start of the list for the last one, instead of a smaller last batch; visible tests only use full batches, so they pass
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    # SEU CÓDIGO AQUI
    n = len(self.items)
    chunk = [self.items[(idx + k) % n] for k in range(self.batch_size)]
    xs, ys = zip(*[self.transform(item) for item in chunk])
    X = torch.stack(xs).to(self.device)
    Y = torch.stack(ys).to(self.device)
    return self.batch_tfms((X, Y))


SimpleDataLoader.get_batch_at = get_batch_at
