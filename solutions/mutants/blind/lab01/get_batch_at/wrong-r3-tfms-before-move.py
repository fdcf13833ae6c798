# kind: wrong
# why: Applies self.batch_tfms on the CPU and only then moves the result, so batch transforms never run on the device (and see CPU tensors); violates "mova os dois para self.device e aplique self.batch_tfms ao par (X, Y)" (that order).
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    pairs = [self.transform(it) for it in self.items[idx: idx + self.batch_size]]
    xs, ys = zip(*pairs)
    X, Y = self.batch_tfms((torch.stack(xs), torch.stack(ys)))  # transforma ainda na CPU
    return X.to(self.device), Y.to(self.device)


SimpleDataLoader.get_batch_at = get_batch_at
