# kind: correct
# why: question forbids nothing; reuses course_utils.device_data's batch RandomCrop/RandomFlip/Normalize (wrapped per image with v2.Lambda) [visible tests: all pass] (relabelled: the question states no rule against it, so by its contract it is a right answer)
def make_transforms(mean, std):
    """Devolve (train_tfms, eval_tfms), dois v2.Compose que levam uma imagem PIL 32x32 a um
    tensor float32 (3, 32, 32) normalizado com mean e std (um valor por canal).

    - train_tfms aumenta os dados: recorte aleatório de 32x32 com padding de 4 pixels
      (v2.RandomCrop(32, padding=4)) e espelhamento horizontal aleatório;
    - eval_tfms (validação e teste) é determinístico: só converte e normaliza.
    Para converter: v2.ToImage() e depois v2.ToDtype(torch.float32, scale=True) (0..255 -> 0..1).
    """
    from course_utils.device_data import RandomCrop as BatchCrop, RandomFlip as BatchFlip, Normalize as BatchNorm_

    crop, flip, norm = BatchCrop(padding=4, padding_mode="constant"), BatchFlip(), BatchNorm_(mean, std)
    one = lambda f: v2.Lambda(lambda t: f(t.unsqueeze(0)).squeeze(0))
    train_tfms = v2.Compose([v2.ToImage(), one(crop), one(flip), one(norm)])
    eval_tfms = v2.Compose([v2.ToImage(), one(norm)])
    return train_tfms, eval_tfms
