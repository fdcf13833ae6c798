# kind: correct
# why: Builds the pipelines with the old torchvision.transforms API (transforms.Compose, ToTensor), not v2.Compose; violates "Devolve (train_tfms, eval_tfms), dois v2.Compose". (relabelled: the outputs are those of the v2 pipeline, pixel for pixel; the text names v2 as the tool, and grading judges what the transforms do)
def make_transforms(mean, std):
    """Devolve (train_tfms, eval_tfms), dois v2.Compose que levam uma imagem PIL 32x32 a um
    tensor float32 (3, 32, 32) normalizado com mean e std (um valor por canal).

    - train_tfms aumenta os dados: recorte aleatório de 32x32 com padding de 4 pixels
      (v2.RandomCrop(32, padding=4)) e espelhamento horizontal aleatório;
    - eval_tfms (validação e teste) é determinístico: só converte e normaliza.
    Para converter: v2.ToImage() e depois v2.ToDtype(torch.float32, scale=True) (0..255 -> 0..1).
    """
    from torchvision import transforms as T
    train_tfms = T.Compose([
        T.RandomCrop(32, padding=4),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize(mean, std),
    ])
    eval_tfms = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
    return train_tfms, eval_tfms
