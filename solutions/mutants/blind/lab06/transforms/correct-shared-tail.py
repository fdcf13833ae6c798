# kind: correct
# why: builds a shared convert+normalise tail and prepends the augmentation (explicit size tuple, constant zero fill) for training; eval_tfms is only the tail [visible tests: all pass]
def make_transforms(mean, std):
    """Devolve (train_tfms, eval_tfms), dois v2.Compose que levam uma imagem PIL 32x32 a um
    tensor float32 (3, 32, 32) normalizado com mean e std (um valor por canal).

    - train_tfms aumenta os dados: recorte aleatório de 32x32 com padding de 4 pixels
      (v2.RandomCrop(32, padding=4)) e espelhamento horizontal aleatório;
    - eval_tfms (validação e teste) é determinístico: só converte e normaliza.
    Para converter: v2.ToImage() e depois v2.ToDtype(torch.float32, scale=True) (0..255 -> 0..1).
    """
    def tail():
        return [v2.ToImage(), v2.ToDtype(torch.float32, scale=True),
                v2.Normalize([float(m) for m in mean], [float(s) for s in std])]

    augment = [v2.RandomCrop(size=(32, 32), padding=4, fill=0, padding_mode="constant"), v2.RandomHorizontalFlip()]
    return v2.Compose(tail()[:1] + augment + tail()[1:]), v2.Compose(tail())
