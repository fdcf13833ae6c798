# kind: correct
# why: Slices up to batch_size items from idx, transforms each, splits with zip(*), stacks on a new dim 0, moves both to self.device, then applies self.batch_tfms to the pair.
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    chunk = self.items[idx: idx + self.batch_size]
    pairs = [self.transform(item) for item in chunk]
    xs, ys = zip(*pairs)
    X = torch.stack(xs).to(self.device)
    Y = torch.stack(ys).to(self.device)
    return self.batch_tfms((X, Y))


SimpleDataLoader.get_batch_at = get_batch_at
