# kind: correct
# why: Converts first, then crops with reflection padding (explicitly allowed) and flips horizontally on the float tensor, then normalizes; eval is deterministic convert+normalize.
def make_transforms(mean, std):
    """Devolve (train_tfms, eval_tfms), dois v2.Compose que levam uma imagem PIL 32x32 a um
    tensor float32 (3, 32, 32) normalizado com mean e std (um valor por canal).

    - train_tfms aumenta os dados: recorte aleatório de 32x32 com padding de 4 pixels
      (v2.RandomCrop(32, padding=4)) e espelhamento horizontal aleatório;
    - eval_tfms (validação e teste) é determinístico: só converte e normaliza.
    Para converter: v2.ToImage() e depois v2.ToDtype(torch.float32, scale=True) (0..255 -> 0..1).
    """
    mean, std = [float(m) for m in mean], [float(s) for s in std]
    train_tfms = v2.Compose([
        v2.ToImage(),
        v2.ToDtype(torch.float32, scale=True),
        v2.RandomCrop(size=(32, 32), padding=4, padding_mode="reflect"),
        v2.RandomHorizontalFlip(),
        v2.Normalize(mean, std),
    ])
    eval_tfms = v2.Compose([
        v2.ToImage(),
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize(mean, std),
    ])
    return train_tfms, eval_tfms
